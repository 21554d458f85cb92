package dev.trickle.server.emulator;

import static dev.trickle.server.emulator.EmulatorResponse.ok;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The users endpoints that only read: one user, the filtered and paged list, and its count. */
final class UserQueries {
    private final UserStore store;

    UserQueries(UserStore store) {
        this.store = store;
    }

    EmulatorResponse get(String id) {
        return store.get(id)
                .map(u -> ok(UserJson.render(u, u.updatedAt())))
                .orElseGet(() -> ClerkErrors.notFound("user with id " + id));
    }

    EmulatorResponse list(Map<String, List<String>> query) {
        Optional<EmulatorResponse> invalid = checkFilterSizes(query);
        if (invalid.isPresent()) {
            return invalid.get();
        }
        String order = first(query, "order_by").orElse("-created_at");
        boolean descending = !order.equals("created_at") && !order.equals("+created_at");
        List<EmulatedUser> users = store.find(UserFilter.of(query), descending);
        int limit = first(query, "limit").map(Integer::parseInt).orElse(10);
        int offset = first(query, "offset").map(Integer::parseInt).orElse(0);
        Optional<String> after = first(query, "starting_after");
        if (after.isPresent()) {
            int index = -1;
            for (int i = 0; i < users.size(); i++) {
                if (users.get(i).id().equals(after.get())) {
                    index = i;
                }
            }
            if (index < 0) {
                return ClerkErrors.invalid(
                        "form_param_value_invalid",
                        "starting_after",
                        "starting_after is not a user of this list");
            }
            offset = index + 1;
        }
        ArrayNode out = EmulatorJson.MAPPER.createArrayNode();
        for (int i = offset; i < Math.min(users.size(), offset + limit); i++) {
            out.add(UserJson.render(users.get(i), users.get(i).updatedAt()));
        }
        return ok(out);
    }

    EmulatorResponse count(Map<String, List<String>> query) {
        Optional<EmulatorResponse> invalid = checkFilterSizes(query);
        if (invalid.isPresent()) {
            return invalid.get();
        }
        ObjectNode n = EmulatorJson.MAPPER.createObjectNode();
        n.put("object", "total_count")
                .put("total_count", store.find(UserFilter.of(query), true).size());
        return ok(n);
    }

    private static Optional<EmulatorResponse> checkFilterSizes(Map<String, List<String>> query) {
        for (String name : UserFilter.LIST_PARAMETERS) {
            if (query.getOrDefault(name, List.of()).size() > 100) {
                return Optional.of(
                        ClerkErrors.invalid(
                                "form_param_max_length_exceeded",
                                name,
                                name + " accepts at most 100 values."));
            }
        }
        return Optional.empty();
    }

    private static Optional<String> first(Map<String, List<String>> query, String name) {
        List<String> values = query.get(name);
        return values == null || values.isEmpty() ? Optional.empty() : Optional.of(values.get(0));
    }
}
