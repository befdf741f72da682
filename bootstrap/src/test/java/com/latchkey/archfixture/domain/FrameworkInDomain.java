package com.latchkey.archfixture.domain;

import io.micronaut.core.annotation.Introspected;

@Introspected
public class FrameworkInDomain {
    public java.sql.Connection connection;
}
