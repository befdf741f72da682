package com.latchkey.domain;

/** Where a key request is in its delivery. */
public enum RequestStatus {
    PENDING,
    SENT,
    FAILED
}
