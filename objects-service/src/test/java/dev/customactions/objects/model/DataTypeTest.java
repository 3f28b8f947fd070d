package dev.customactions.objects.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class DataTypeTest {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    @ParameterizedTest(name = "{0} accepts {1}: {2}")
    @CsvSource(
            delimiter = '|',
            value = {
                "string   | \"shipped\"                   | true",
                "string   | 3                             | false",
                "string   | true                          | false",
                "string   | null                          | true",
                "integer  | 3                             | true",
                "integer  | -9223372036854775808          | true",
                "integer  | 9223372036854775808           | false",
                "integer  | 3.0                           | false",
                "integer  | 1e3                           | false",
                "integer  | \"3\"                         | false",
                "integer  | null                          | true",
                "decimal  | 52.5                          | true",
                "decimal  | 52                            | true",
                "decimal  | -1.5e-3                       | true",
                "decimal  | \"52.5\"                      | false",
                "decimal  | false                         | false",
                "boolean  | true                          | true",
                "boolean  | false                         | true",
                "boolean  | \"true\"                      | false",
                "boolean  | 1                             | false",
                "datetime | \"2026-11-21T10:15:30Z\"      | true",
                "datetime | \"2026-11-21T10:15:30.123+02:00\" | true",
                "datetime | 1795256130                    | true",
                "datetime | \"2026-11-21T10:15:30\"       | false",
                "datetime | \"2026-11-21\"                | false",
                "datetime | 1795256130.5                  | false",
                "datetime | \"yesterday\"                 | false",
                "date     | \"2026-11-21\"                | true",
                "date     | \"2026-02-30\"                | false",
                "date     | \"21/11/2026\"                | false",
                "date     | 20261121                      | false",
                "date     | \"2026-11-21T10:15:30Z\"      | false",
            })
    void checksValuesStrictly(String type, String json, boolean fits) throws Exception {
        Optional<String> problem = DataType.of(type).orElseThrow().problem(MAPPER.readTree(json), List.of(), 255);
        assertEquals(fits, problem.isEmpty(), () -> type + " " + json + ": " + problem);
    }

    @ParameterizedTest
    @CsvSource({"small, true", "medium, true", "large, false", "Small, false"})
    void stringWithOptionsAcceptsOnlyThem(String value, boolean fits) {
        var problem = DataType.STRING.problem(MAPPER.getNodeFactory().textNode(value), List.of("small", "medium"), 255);
        assertEquals(fits, problem.isEmpty());
        if (!fits) {
            assertTrue(problem.get().contains("small, medium"), problem.get());
        }
    }

    @ParameterizedTest
    @CsvSource({"255, true", "256, false"})
    void stringsHaveAMaximumLength(int length, boolean fits) {
        assertEquals(
                fits,
                DataType.STRING
                        .problem(MAPPER.getNodeFactory().textNode("x".repeat(length)), List.of(), 255)
                        .isEmpty());
    }

    @ParameterizedTest
    @CsvSource({"string", "integer", "decimal", "boolean", "datetime", "date"})
    void everyApiNameRoundTrips(String name) {
        assertEquals(name, DataType.of(name).orElseThrow().apiName());
    }

    @Test
    void intercomsFloatIsDecimal() {
        assertEquals(DataType.DECIMAL, DataType.of("float").orElseThrow());
        assertEquals("decimal", DataType.of("float").orElseThrow().apiName());
    }

    @ParameterizedTest
    @CsvSource({"String", "Decimal", "number", "''"})
    void unknownNamesAreNoType(String name) {
        assertTrue(DataType.of(name).isEmpty());
    }
}
