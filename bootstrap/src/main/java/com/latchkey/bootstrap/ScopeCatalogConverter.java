package com.latchkey.bootstrap;

import com.latchkey.application.service.ScopeCatalog;
import com.latchkey.domain.Scope;
import io.micronaut.context.exceptions.ConfigurationException;
import io.micronaut.core.convert.ConversionContext;
import io.micronaut.core.convert.TypeConverter;
import jakarta.inject.Singleton;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Reads {@code LATCHKEY_SCOPES}: {@code <scope>=<plain words>} entries separated by {@code ;}, such
 * as {@code orders:read=see your orders; products:read=see your products}. The words are what owners
 * read when an integration asks; a malformed entry stops the start with one line naming it.
 */
@Singleton
final class ScopeCatalogConverter implements TypeConverter<CharSequence, ScopeCatalog> {

    static final String SETTING = "LATCHKEY_SCOPES";

    @Override
    public Optional<ScopeCatalog> convert(CharSequence text, Class<ScopeCatalog> target, ConversionContext context) {
        return Optional.of(parse(text.toString()));
    }

    static ScopeCatalog parse(String text) {
        Map<Scope, String> descriptions = new LinkedHashMap<>();
        for (String entry : text.split(";")) {
            if (entry.isBlank()) {
                continue;
            }
            int equals = entry.indexOf('=');
            String name =
                    equals < 0 ? entry.strip() : entry.substring(0, equals).strip();
            String words = equals < 0 ? "" : entry.substring(equals + 1).strip();
            try {
                Scope scope = new Scope(name);
                if (words.isEmpty() || words.length() > 200) {
                    throw new IllegalArgumentException(
                            "each scope needs plain words for owners, at most 200 characters");
                }
                if (descriptions.put(scope, words) != null) {
                    throw new IllegalArgumentException("named twice");
                }
            } catch (IllegalArgumentException invalid) {
                throw new ConfigurationException(SETTING + ": '" + quoted(name) + "': " + invalid.getMessage()
                        + " (entries are <scope>=<plain words>, separated by ';')");
            }
        }
        if (descriptions.isEmpty()) {
            throw new ConfigurationException(
                    SETTING + " names no scope: give <scope>=<plain words> entries separated by ';'");
        }
        return ScopeCatalog.of(descriptions);
    }

    private static String quoted(String name) {
        return name.length() > 40 ? name.substring(0, 40) + "…" : name;
    }
}
