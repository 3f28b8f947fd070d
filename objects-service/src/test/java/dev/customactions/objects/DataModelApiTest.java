package dev.customactions.objects;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;

import dev.customactions.common.auth.Scopes;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import org.hamcrest.Matchers;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

@QuarkusTest
class DataModelApiTest {

    @Test
    void createdAttributeIsListedInIntercomsShapeWithItsProtection() {
        var workspace = Workspaces.create();
        workspace
                .asAdmin()
                .body("""
                {"name": "ccda_shopify_order_fulfillment_status", "model": "conversation", "data_type": "string",
                 "description": "Fulfilment status of the Shopify order", "options": [{"value": "shipped"}, "pending"],
                 "messenger_writable": false}""")
                .post("/data_attributes")
                .then()
                .statusCode(201)
                .body("type", equalTo("data_attribute"))
                .body("name", equalTo("ccda_shopify_order_fulfillment_status"))
                .body("full_name", equalTo("custom_attributes.ccda_shopify_order_fulfillment_status"))
                .body("model", equalTo("conversation"))
                .body("data_type", equalTo("string"))
                .body("options", contains("shipped", "pending"))
                .body("custom", equalTo(true))
                .body("archived", equalTo(false))
                .body("messenger_writable", equalTo(false));
        workspace.attribute("contact", "plan", "string", true);

        given().auth()
                .oauth2(workspace.token(Scopes.OBJECTS_READ).secret())
                .queryParam("model", "conversation")
                .get("/data_attributes")
                .then()
                .statusCode(200)
                .body("type", equalTo("list"))
                .body("data.name", contains("ccda_shopify_order_fulfillment_status"));
        workspace
                .asAdmin()
                .queryParam("model", "contact")
                .get("/data_attributes")
                .then()
                .body("data.name", contains("plan"))
                .body("data[0].messenger_writable", equalTo(true));
    }

    @Test
    void onlyTheDescriptionAndArchivedChange() {
        var workspace = Workspaces.create();
        long id = workspace.attribute("contact", "user_shopify_id", "string", false);

        workspace
                .asAdmin()
                .body("{\"description\": \"Id in Shopify\", \"archived\": true}")
                .put("/data_attributes/" + id)
                .then()
                .statusCode(200)
                .body("description", equalTo("Id in Shopify"))
                .body("archived", equalTo(true));
        workspace
                .asAdmin()
                .queryParam("model", "contact")
                .get("/data_attributes")
                .then()
                .body("data", empty());
        workspace
                .asAdmin()
                .queryParam("model", "contact")
                .queryParam("include_archived", true)
                .get("/data_attributes")
                .then()
                .body("data.name", contains("user_shopify_id"));

        for (String field : new String[] {"name", "model", "data_type", "options", "messenger_writable"}) {
            workspace
                    .asAdmin()
                    .body("{\"" + field + "\": \"x\"}")
                    .put("/data_attributes/" + id)
                    .then()
                    .statusCode(400)
                    .body("type", equalTo("error.list"))
                    .body("errors[0].code", equalTo("parameter_invalid"))
                    .body("errors[0].field", equalTo(field))
                    .body("errors[0].message", containsString("can't change"));
        }
        workspace
                .asAdmin()
                .body("{\"archived\": \"yes\"}")
                .put("/data_attributes/" + id)
                .then()
                .statusCode(400)
                .body("errors[0].field", equalTo("archived"));
        workspace
                .asAdmin()
                .body("{\"colour\": \"red\"}")
                .put("/data_attributes/" + id)
                .then()
                .statusCode(400)
                .body("errors[0].field", equalTo("colour"));
        workspace
                .asAdmin()
                .body("{\"description\": \"x\"}")
                .put("/data_attributes/999999999")
                .then()
                .statusCode(404);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(
            delimiter = '|',
            value = {
                "missing name        | {\"model\":\"contact\",\"data_type\":\"string\",\"messenger_writable\":true}                     | name               | parameter_not_found",
                "bad name            | {\"name\":\"my.attr\",\"model\":\"contact\",\"data_type\":\"string\",\"messenger_writable\":true} | name               | parameter_invalid",
                "standard name       | {\"name\":\"email\",\"model\":\"contact\",\"data_type\":\"string\",\"messenger_writable\":true}   | name               | parameter_invalid",
                "standard, any case  | {\"name\":\"External_ID\",\"model\":\"conversation\",\"data_type\":\"string\",\"messenger_writable\":true} | name | parameter_invalid",
                "missing model       | {\"name\":\"a\",\"data_type\":\"string\",\"messenger_writable\":true}                           | model              | parameter_not_found",
                "bad model           | {\"name\":\"a\",\"model\":\"company\",\"data_type\":\"string\",\"messenger_writable\":true}       | model              | parameter_invalid",
                "missing type        | {\"name\":\"a\",\"model\":\"contact\",\"messenger_writable\":true}                              | data_type          | parameter_not_found",
                "bad type            | {\"name\":\"a\",\"model\":\"contact\",\"data_type\":\"number\",\"messenger_writable\":true}       | data_type          | parameter_invalid",
                "options on integer  | {\"name\":\"a\",\"model\":\"contact\",\"data_type\":\"integer\",\"options\":[\"1\"],\"messenger_writable\":true} | options | parameter_invalid",
                "blank option        | {\"name\":\"a\",\"model\":\"contact\",\"data_type\":\"string\",\"options\":[\" \"],\"messenger_writable\":true} | options[0] | parameter_invalid",
                "missing protection  | {\"name\":\"a\",\"model\":\"contact\",\"data_type\":\"string\"}                                   | messenger_writable | parameter_not_found",
                "wrong JSON type     | {\"name\":\"a\",\"model\":\"contact\",\"data_type\":\"string\",\"messenger_writable\":\"yes\"}    | messenger_writable | parameter_invalid",
                "unknown field       | {\"name\":\"a\",\"model\":\"contact\",\"data_type\":\"string\",\"messenger_writable\":true,\"x\":1} | x                | parameter_invalid",
            })
    void invalidAttributeIsRefusedNamingTheField(String title, String body, String field, String code) {
        var workspace = Workspaces.create();
        workspace
                .asAdmin()
                .body(body)
                .post("/data_attributes")
                .then()
                .statusCode(400)
                .body("type", equalTo("error.list"))
                .body("errors.field", Matchers.hasItem(field))
                .body("errors.find { it.field == '" + field + "' }.code", equalTo(code));
    }

    @Test
    void namesAreUniquePerModelWithoutCase() {
        var workspace = Workspaces.create();
        workspace.attribute("contact", "plan", "string", true);
        workspace
                .asAdmin()
                .body("{\"name\":\"PLAN\",\"model\":\"contact\",\"data_type\":\"integer\",\"messenger_writable\":true}")
                .post("/data_attributes")
                .then()
                .statusCode(409)
                .body("errors[0].field", equalTo("name"));
        workspace.attribute("conversation", "plan", "string", true);
        Workspaces.create().attribute("contact", "plan", "string", true);
    }

    @Test
    void readersCantDefineAndNoTokenIs401() {
        var workspace = Workspaces.create();
        var reader = workspace.token(Scopes.OBJECTS_READ);
        given().auth()
                .oauth2(reader.secret())
                .contentType(ContentType.JSON)
                .body("{\"name\":\"a\",\"model\":\"contact\",\"data_type\":\"string\",\"messenger_writable\":true}")
                .post("/data_attributes")
                .then()
                .statusCode(403)
                .body("errors[0].code", equalTo("forbidden"));
        given().queryParam("model", "contact").get("/data_attributes").then().statusCode(401);
        workspace.asAdmin().get("/data_attributes").then().statusCode(400).body("errors[0].field", equalTo("model"));
        workspace
                .asAdmin()
                .queryParam("model", "company")
                .get("/data_attributes")
                .then()
                .statusCode(400)
                .body("errors[0].field", equalTo("model"));
    }

    @Test
    void anotherWorkspacesModelIsInvisible() {
        var owner = Workspaces.create();
        long id = owner.attribute("conversation", "secret_flag", "boolean", false);
        owner.orderType();
        var stranger = Workspaces.create();
        stranger.asAdmin()
                .queryParam("model", "conversation")
                .get("/data_attributes")
                .then()
                .body("data", empty());
        stranger.asAdmin()
                .body("{\"archived\": true}")
                .put("/data_attributes/" + id)
                .then()
                .statusCode(404);
        stranger.asAdmin().get("/custom_object_types/Order").then().statusCode(404);
        stranger.asAdmin().get("/custom_object_types").then().body("data", empty());
    }

    @Test
    void customObjectTypeWithAttributesIsCreatedReadAndArchived() {
        var workspace = Workspaces.create();
        workspace.orderType();
        workspace
                .asAdmin()
                .get("/custom_object_types/Order")
                .then()
                .statusCode(200)
                .body("type", equalTo("custom_object_type"))
                .body("identifier", equalTo("Order"))
                .body("archived", equalTo(false))
                .body("attributes.name", contains("status", "total_price", "quantity"))
                .body("attributes.data_type", contains("string", "decimal", "integer"));
        workspace.asAdmin().get("/custom_object_types").then().body("data.identifier", contains("Order"));

        workspace
                .asAdmin()
                .body("""
                {"description": "Orders from Shopify", "attributes": [
                    {"name": "status", "description": "Where the parcel is", "archived": true},
                    {"name": "carrier", "data_type": "string", "description": "Who delivers"}]}""")
                .put("/custom_object_types/Order")
                .then()
                .statusCode(200)
                .body("description", equalTo("Orders from Shopify"))
                .body("attributes.name", contains("status", "total_price", "quantity", "carrier"))
                .body("attributes.find { it.name == 'status' }.archived", equalTo(true))
                .body("attributes.find { it.name == 'status' }.description", equalTo("Where the parcel is"));
        workspace
                .asAdmin()
                .body("{\"archived\": true}")
                .put("/custom_object_types/Order")
                .then()
                .statusCode(200)
                .body("archived", equalTo(true));
    }

    @Test
    void customObjectTypeChangesOtherThanDescriptionAndArchiveAreRefused() {
        var workspace = Workspaces.create();
        workspace.orderType();
        workspace
                .asAdmin()
                .body("{\"identifier\": \"Orders\"}")
                .put("/custom_object_types/Order")
                .then()
                .statusCode(400)
                .body("errors[0].field", equalTo("identifier"));
        workspace
                .asAdmin()
                .body("{\"name\": \"Orders\"}")
                .put("/custom_object_types/Order")
                .then()
                .statusCode(400)
                .body("errors[0].field", equalTo("name"));
        workspace
                .asAdmin()
                .body("{\"attributes\": [{\"name\": \"quantity\", \"data_type\": \"float\"}]}")
                .put("/custom_object_types/Order")
                .then()
                .statusCode(400)
                .body("errors[0].field", equalTo("attributes[0].data_type"));
        workspace
                .asAdmin()
                .body("{\"attributes\": [{\"name\": \"weight\"}]}")
                .put("/custom_object_types/Order")
                .then()
                .statusCode(400)
                .body("errors[0].field", equalTo("attributes[0].data_type"));
        workspace
                .asAdmin()
                .body("{\"attributes\": [{\"name\": \"external_id\", \"data_type\": \"string\"}]}")
                .put("/custom_object_types/Order")
                .then()
                .statusCode(400)
                .body("errors[0].field", equalTo("attributes[0].name"));
        workspace
                .asAdmin()
                .body("{\"archived\": true}")
                .put("/custom_object_types/Invoice")
                .then()
                .statusCode(404);
    }

    @Test
    void invalidCustomObjectTypeIsRefusedNamingEveryField() {
        var workspace = Workspaces.create();
        workspace
                .asAdmin()
                .body("""
                {"identifier": "1Order", "attributes": [
                    {"name": "status", "data_type": "text"},
                    {"name": "Status", "data_type": "string"},
                    {"name": "id", "data_type": "string"},
                    {"data_type": "integer"}]}""")
                .post("/custom_object_types")
                .then()
                .statusCode(400)
                .body(
                        "errors.field",
                        containsInAnyOrder(
                                "identifier",
                                "name",
                                "attributes[0].data_type",
                                "attributes[1].name",
                                "attributes[2].name",
                                "attributes[3].name"));
        workspace
                .asAdmin()
                .body("{\"identifier\": \"Order\", \"name\": \"Order\"}")
                .post("/custom_object_types")
                .then()
                .statusCode(400)
                .body("errors[0].field", equalTo("attributes"));
        workspace.orderType();
        workspace
                .asAdmin()
                .body("{\"identifier\": \"order\", \"name\": \"Order\", \"attributes\": []}")
                .post("/custom_object_types")
                .then()
                .statusCode(409)
                .body("errors[0].field", equalTo("identifier"));
    }

    @Test
    void aWorkspaceHasAtMostFifteenCustomObjectTypes() {
        var workspace = Workspaces.create();
        for (int i = 0; i < 15; i++) {
            workspace
                    .asAdmin()
                    .body("{\"identifier\": \"Type" + i + "\", \"name\": \"T\", \"attributes\": []}")
                    .post("/custom_object_types")
                    .then()
                    .statusCode(201);
        }
        workspace
                .asAdmin()
                .body("{\"identifier\": \"Type15\", \"name\": \"T\", \"attributes\": []}")
                .post("/custom_object_types")
                .then()
                .statusCode(422)
                .body("errors[0].code", equalTo("unprocessable_entity"))
                .body("errors[0].message", containsString("15"));
        workspace.asAdmin().get("/custom_object_types").then().body("data", hasSize(15));
    }
}
