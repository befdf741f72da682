package com.latchkey.application.service;

import com.latchkey.domain.Scope;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;

/** The scopes an integration may ask for, each with the plain words an owner reads (SPEC §8). */
public record ScopeCatalog(SortedMap<Scope, String> descriptions) {

    public ScopeCatalog {
        Objects.requireNonNull(descriptions, "descriptions");
        if (descriptions.isEmpty()) {
            throw new IllegalArgumentException("at least one scope is configured");
        }
        descriptions.forEach((scope, words) -> {
            if (words == null || words.isBlank()) {
                throw new IllegalArgumentException("the scope " + scope + " needs a description");
            }
        });
        descriptions = new TreeMap<>(descriptions);
    }

    public static ScopeCatalog of(Map<Scope, String> descriptions) {
        return new ScopeCatalog(new TreeMap<>(descriptions));
    }

    @Override
    public SortedMap<Scope, String> descriptions() {
        return new TreeMap<>(descriptions);
    }

    /** The configured scope of this name, if there is one. */
    public Optional<Scope> find(String name) {
        return descriptions.keySet().stream()
                .filter(scope -> scope.value().equals(name))
                .findFirst();
    }

    /** The words an owner reads for a scope; a scope no longer configured reads as its name. */
    String describe(Scope scope) {
        return descriptions.getOrDefault(scope, scope.value());
    }

    /** The names among these that are not configured scopes, sorted. */
    List<String> unknown(Collection<String> names) {
        return names.stream().filter(name -> find(name).isEmpty()).sorted().toList();
    }
}
