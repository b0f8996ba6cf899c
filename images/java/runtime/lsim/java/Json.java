package lsim.java;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.lang.reflect.Type;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * POJO (de)serialisation of events and results with the runtime's own Jackson, configured for the
 * behaviour Lambda's Java serializer documents: bean properties by getters/setters and public fields,
 * unknown properties ignored, nulls left out of results, lenient number and quoting rules.
 * Jackson annotations on the function's classes are not honoured (the function's own Jackson
 * annotations are other classes than the runtime's), as with Lambda's shaded serializer.
 */
final class Json {
    static final byte[] NULL = "null".getBytes(StandardCharsets.UTF_8);

    private final ObjectMapper mapper;
    private final Map<Type, JavaType> types = new ConcurrentHashMap<>();

    Json() {
        JsonFactory factory = JsonFactory.builder()
                .enable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS)
                .enable(JsonReadFeature.ALLOW_LEADING_ZEROS_FOR_NUMBERS)
                .enable(JsonReadFeature.ALLOW_SINGLE_QUOTES)
                .enable(JsonReadFeature.ALLOW_BACKSLASH_ESCAPING_ANY_CHARACTER)
                .enable(JsonReadFeature.ALLOW_UNESCAPED_CONTROL_CHARS)
                .enable(JsonReadFeature.ALLOW_UNQUOTED_FIELD_NAMES)
                .build();
        factory.disable(JsonParser.Feature.AUTO_CLOSE_SOURCE);
        factory.disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET);
        factory.enable(JsonGenerator.Feature.IGNORE_UNKNOWN);
        mapper = JsonMapper.builder(factory)
                .enable(MapperFeature.USE_STD_BEAN_NAMING)
                .disable(MapperFeature.AUTO_DETECT_CREATORS)
                .disable(MapperFeature.INFER_PROPERTY_MUTATORS)
                .disable(MapperFeature.USE_GETTERS_AS_SETTERS)
                .disable(SerializationFeature.FAIL_ON_EMPTY_BEANS)
                .enable(DeserializationFeature.ACCEPT_EMPTY_ARRAY_AS_NULL_OBJECT)
                .enable(DeserializationFeature.ACCEPT_EMPTY_STRING_AS_NULL_OBJECT)
                .enable(DeserializationFeature.ACCEPT_SINGLE_VALUE_AS_ARRAY)
                .enable(DeserializationFeature.READ_UNKNOWN_ENUM_VALUES_AS_NULL)
                .enable(DeserializationFeature.UNWRAP_SINGLE_VALUE_ARRAYS)
                .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .disable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
                .disable(DeserializationFeature.FAIL_ON_NUMBERS_FOR_ENUMS)
                .serializationInclusion(JsonInclude.Include.NON_NULL)
                .build();
    }

    private JavaType type(Type t) {
        return types.computeIfAbsent(t, k -> mapper.getTypeFactory().constructType(k));
    }

    Object read(byte[] event, Type t) {
        try {
            return mapper.readerFor(type(t)).readValue(event);
        } catch (Throwable e) {
            throw new RuntimeException("An error occurred during JSON parsing", Fault.filter(e));
        }
    }

    byte[] write(Object value, Type t) {
        try {
            return mapper.writerFor(type(t)).writeValueAsBytes(value);
        } catch (Throwable e) {
            throw new RuntimeException("An error occurred during JSON serialization of response", e);
        }
    }

    /** The error document Lambda's Java runtime posts; absent fields are left out. */
    byte[] error(String message, String type, String[] stackTrace) {
        Map<String, Object> doc = new java.util.LinkedHashMap<>();
        doc.put("errorMessage", message);
        if (type != null) {
            doc.put("errorType", type);
        }
        if (stackTrace != null) {
            doc.put("stackTrace", stackTrace);
        }
        try {
            return mapper.writeValueAsBytes(doc);
        } catch (Exception e) {
            return ("{\"errorMessage\":\"" + e.getClass().getName() + "\"}").getBytes(StandardCharsets.UTF_8);
        }
    }
}
