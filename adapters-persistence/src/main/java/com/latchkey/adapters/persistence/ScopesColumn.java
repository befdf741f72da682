package com.latchkey.adapters.persistence;

import com.latchkey.domain.Scope;
import java.util.Arrays;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.stream.Collectors;

/** Scopes in one column, space-separated (no scope holds a space), in their order: as integrations keep them. */
final class ScopesColumn {

    private ScopesColumn() {}

    static String text(Set<Scope> scopes) {
        return new TreeSet<>(scopes).stream().map(Scope::value).collect(Collectors.joining(" "));
    }

    static SortedSet<Scope> scopes(String text) {
        return text.isEmpty()
                ? new TreeSet<>()
                : Arrays.stream(text.split(" ")).map(Scope::new).collect(Collectors.toCollection(TreeSet::new));
    }
}
