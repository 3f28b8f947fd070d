package dev.customactions.common.rest;

import dev.customactions.common.error.ApiException;
import jakarta.ws.rs.BadRequestException;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.ext.ParamConverter;
import jakarta.ws.rs.ext.ParamConverterProvider;
import jakarta.ws.rs.ext.Provider;
import java.lang.annotation.Annotation;
import java.lang.reflect.Type;
import java.util.function.Function;

/**
 * Reads a whole-number query parameter ({@code per_page}) and refuses one that is not a whole number with a 400
 * naming it: JAX-RS answers a query parameter it can't convert with a 404 that names nothing.
 */
@Provider
public class WholeNumberParameters implements ParamConverterProvider {

    @Override
    public <T> ParamConverter<T> getConverter(Class<T> rawType, Type genericType, Annotation[] annotations) {
        String name = queryParameter(annotations);
        if (name == null) {
            return null;
        }
        if (rawType == Integer.class || rawType == int.class) {
            return converter(name, Integer::valueOf);
        }
        if (rawType == Long.class || rawType == long.class) {
            return converter(name, Long::valueOf);
        }
        return null;
    }

    private static String queryParameter(Annotation[] annotations) {
        for (Annotation annotation : annotations) {
            if (annotation instanceof QueryParam query) {
                return query.value();
            }
        }
        return null;
    }

    private static <T> ParamConverter<T> converter(String name, Function<String, Object> parse) {
        return new ParamConverter<>() {
            // The caller asked for this converter for T (Integer or Long, boxed as the parameter reads it).
            @SuppressWarnings("unchecked")
            @Override
            public T fromString(String value) {
                if (value == null) {
                    return null;
                }
                try {
                    return (T) parse.apply(value.trim());
                } catch (NumberFormatException e) {
                    // Passed on as it is by the REST layer (a WebApplicationException), answered by ErrorMappers.
                    throw new BadRequestException(
                            ApiException.invalid(name, name + " must be a whole number, such as 25"));
                }
            }

            @Override
            public String toString(T value) {
                return String.valueOf(value);
            }
        };
    }
}
