/**
 * The {@code jdbc} store (H2 embedded, PostgreSQL in production): every bean of this package exists
 * only when {@code LATCHKEY_ADAPTERS_STORE=jdbc}, the default (docs/adapters.md).
 */
@Configuration
@Requires(property = "latchkey.adapters.store", value = "jdbc")
package com.latchkey.adapters.persistence;

import io.micronaut.context.annotation.Configuration;
import io.micronaut.context.annotation.Requires;
