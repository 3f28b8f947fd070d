package dev.customactions.objects;

import dev.customactions.common.testing.OpenApiDocument;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

/** The console's copy of this service's OpenAPI document is the one it serves (see {@link OpenApiDocument}). */
@QuarkusTest
class OpenApiDocumentTest {

    @Test
    void theConsolesCopyIsTheServedDocument() throws Exception {
        OpenApiDocument.check("objects");
    }
}
