package dev.trickle.core.clerk;

/** Body of {@code POST /users/{id}/verify_password}. */
record PasswordCheck(String password) {
    @Override
    public String toString() {
        return "PasswordCheck[<masked>]";
    }
}
