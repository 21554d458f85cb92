package dev.trickle.core.clerk;

/** Body of {@code POST /email_addresses}: an address added to an existing user. */
record NewEmailAddress(String userId, String emailAddress, boolean verified, boolean primary) {}
