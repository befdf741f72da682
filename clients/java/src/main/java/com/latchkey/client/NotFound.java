package com.latchkey.client;

/** {@code 404 NOT_FOUND}: there is no key request with this id. */
public record NotFound() implements KeyRequestStatusResult {}
