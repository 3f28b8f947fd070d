package dev.customactions.gateway;

import dev.customactions.localstack.LocalStackTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;

/** Every test of this module runs against the shared local stack: a real broker and PostgreSQL. */
@WithTestResource(
        value = LocalStackTestResource.class,
        scope = TestResourceScope.GLOBAL,
        initArgs = @ResourceArg(name = "database", value = "gateway"))
public final class LocalStack {

    private LocalStack() {}
}
