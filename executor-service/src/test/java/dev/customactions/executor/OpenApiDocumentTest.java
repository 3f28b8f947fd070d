package dev.customactions.executor;

import static io.restassured.RestAssured.given;

import dev.customactions.common.testing.OpenApiDocument;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

/** The console's copy of this service's OpenAPI document is the one it serves (see {@link OpenApiDocument}). */
@QuarkusTest
class OpenApiDocumentTest {

    @Test
    void theConsolesCopyIsTheServedDocument() throws Exception {
        String served = given().queryParam("format", "json")
                .get("/q/openapi")
                .then()
                .statusCode(200)
                .extract()
                .asString();
        OpenApiDocument.check("executor", served);
    }
}
