package dev.trickle.core.clerk;

import java.util.Collection;
import java.util.List;

/**
 * Which users a list or count call selects: all of them, or those matching any of up to {@link
 * ClerkApi#MAX_FILTER_VALUES} values of one identifier. Values not found are ignored by Clerk.
 */
public record UserQuery(Field field, List<String> values) {

    /** The identifier a query filters on, with its query parameter name. */
    public enum Field {
        EXTERNAL_ID("external_id"),
        EMAIL_ADDRESS("email_address"),
        USERNAME("username");

        private final String parameter;

        Field(String parameter) {
            this.parameter = parameter;
        }

        public String parameter() {
            return parameter;
        }
    }

    public UserQuery {
        values = List.copyOf(values);
        if (field == null && !values.isEmpty()) {
            throw new IllegalArgumentException("values need a field");
        }
        if (field != null && values.isEmpty()) {
            throw new IllegalArgumentException(
                    "a filter on " + field + " needs at least one value");
        }
        if (values.size() > ClerkApi.MAX_FILTER_VALUES) {
            throw new IllegalArgumentException(
                    "values: "
                            + values.size()
                            + " (expected: <= "
                            + ClerkApi.MAX_FILTER_VALUES
                            + " per call)");
        }
    }

    public static UserQuery all() {
        return new UserQuery(null, List.of());
    }

    public static UserQuery byExternalIds(Collection<String> externalIds) {
        return new UserQuery(Field.EXTERNAL_ID, List.copyOf(externalIds));
    }

    public static UserQuery byEmailAddresses(Collection<String> emailAddresses) {
        return new UserQuery(Field.EMAIL_ADDRESS, List.copyOf(emailAddresses));
    }

    public static UserQuery byUsernames(Collection<String> usernames) {
        return new UserQuery(Field.USERNAME, List.copyOf(usernames));
    }
}
