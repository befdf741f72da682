/**
 * A deliberately broken little hexagon: each class breaks one architecture rule, so that the
 * architecture test can show every rule catches what it is meant to catch.
 */
package com.latchkey.archfixture;
