package dev.stratus.protocol;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.TypeAdapter;
import com.google.gson.TypeAdapterFactory;
import com.google.gson.annotations.SerializedName;
import com.google.gson.reflect.TypeToken;
import com.google.gson.stream.JsonReader;
import com.google.gson.stream.JsonToken;
import com.google.gson.stream.JsonWriter;
import java.io.IOException;
import java.util.HashMap;
import java.util.Map;

/**
 * The wire form of protocol enums: the string of their {@link SerializedName} ({@code "file"},
 * {@code "utf8"}). LSP4J's default Gson writes enums as ordinals, as LSP does, so every JSON-RPC
 * endpoint of this protocol must install this adapter with {@link #configure(GsonBuilder)}. It also
 * installs a faster writer for {@code search/text} results, which can hold 20,000 matches; their
 * JSON is the same.
 */
public final class ProtocolGson {
    private ProtocolGson() {
    }

    /** Registers the protocol's adapters; later registrations win in Gson, so call it last. */
    public static void configure(GsonBuilder builder) {
        builder.registerTypeAdapterFactory(new EnumFactory());
        builder.registerTypeAdapterFactory(new SearchTextResultAdapter.Factory());
    }

    private static final class EnumFactory implements TypeAdapterFactory {
        @Override
        @SuppressWarnings({"unchecked", "rawtypes"})
        public <T> TypeAdapter<T> create(Gson gson, TypeToken<T> type) {
            Class<? super T> raw = type.getRawType();
            if (!raw.isEnum() || !raw.getPackageName().startsWith("dev.stratus.protocol")) {
                return null;
            }
            return (TypeAdapter<T>) new NamedEnumAdapter(raw);
        }
    }

    private static final class NamedEnumAdapter<E extends Enum<E>> extends TypeAdapter<E> {
        private final Map<String, E> byName = new HashMap<>();
        private final Map<E, String> names = new HashMap<>();

        NamedEnumAdapter(Class<E> type) {
            for (E constant : type.getEnumConstants()) {
                String name = constant.name();
                try {
                    SerializedName annotation = type.getField(name).getAnnotation(SerializedName.class);
                    if (annotation != null) {
                        name = annotation.value();
                    }
                } catch (NoSuchFieldException e) {
                    throw new IllegalStateException(e);
                }
                byName.put(name, constant);
                names.put(constant, name);
            }
        }

        @Override
        public void write(JsonWriter out, E value) throws IOException {
            if (value == null) {
                out.nullValue();
            } else {
                out.value(names.get(value));
            }
        }

        @Override
        public E read(JsonReader in) throws IOException {
            if (in.peek() == JsonToken.NULL) {
                in.nextNull();
                return null;
            }
            String s = in.nextString();
            E value = byName.get(s);
            if (value == null) {
                throw new com.google.gson.JsonParseException("Unknown value '" + s + "', expected one of " + byName.keySet());
            }
            return value;
        }
    }
}
