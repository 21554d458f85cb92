package dev.trickle.core.credentials;

/** What a parsed body holds under one credential field, once the route's policy is applied. */
sealed interface FieldValue {

    record Missing() implements FieldValue {}

    record Present(String value) implements FieldValue {}

    /** The field is there more than once, or as a list or map; the reason names no value. */
    record Ambiguous(String reason) implements FieldValue {}

    FieldValue MISSING = new Missing();
}
