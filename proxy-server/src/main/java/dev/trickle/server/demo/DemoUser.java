package dev.trickle.server.demo;

/** A seeded legacy user; the password is known only so the driver can log in as them. */
record DemoUser(
        long id,
        String username,
        String email,
        String firstName,
        String lastName,
        String password) {
    @Override
    public String toString() {
        return "DemoUser[" + id + ", " + username + "]";
    }
}
