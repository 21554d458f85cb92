package dev.trickle.server.demo;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;

/**
 * The story the demo tells, as phases of logins: most users log in for the first time (some mistype
 * first), then come back again and again while a few newcomers arrive, then a few users log in from
 * several tabs at once. One user in ten never logs in: they are what a bulk import is for at the
 * end of a trickle migration.
 */
final class DemoScenario {
    static final int MIN_USERS = 10;
    static final int TABS = 4;

    /** A stranger trying to log in: no such user in the legacy app. */
    private static final DemoUser STRANGER =
            new DemoUser(0, "mallory", "mallory@example.com", "", "", "letmein123");

    record Login(DemoUser user, String password, boolean viaForm) {}

    record Phase(String title, List<Login> logins, int concurrency) {}

    private DemoScenario() {}

    /**
     * @param logins roughly how many logins in all; the first logins and the tabs come first, the
     *     returning users get the rest
     */
    static List<Phase> plan(List<DemoUser> users, int logins, long seed) {
        if (users.size() < MIN_USERS) {
            throw new IllegalArgumentException(
                    "users: " + users.size() + " (expected: at least " + MIN_USERS + ")");
        }
        Random random = new Random(seed);
        int firstWave = users.size() * 6 / 10;
        int tabsEnd = users.size() * 7 / 10;
        int newcomersEnd = users.size() * 9 / 10;

        List<Login> first = new ArrayList<>();
        for (DemoUser user : users.subList(0, firstWave)) {
            boolean viaForm = random.nextBoolean();
            if (random.nextInt(10) == 0) {
                first.add(new Login(user, user.password() + "x", viaForm));
            }
            first.add(new Login(user, user.password(), viaForm));
        }

        List<Login> tabs = new ArrayList<>();
        for (DemoUser user : users.subList(firstWave, tabsEnd)) {
            for (int tab = 0; tab < TABS; tab++) {
                tabs.add(new Login(user, user.password(), tab % 2 == 0));
            }
        }

        List<Login> returning = new ArrayList<>();
        for (DemoUser user : users.subList(tabsEnd, newcomersEnd)) {
            returning.add(new Login(user, user.password(), random.nextBoolean()));
        }
        int repeats = Math.max(0, logins - first.size() - tabs.size() - returning.size());
        for (int i = 0; i < repeats; i++) {
            int dice = random.nextInt(25);
            DemoUser user = dice == 0 ? STRANGER : users.get(random.nextInt(firstWave));
            String password = dice > 0 && dice <= 2 ? user.password() + "x" : user.password();
            returning.add(new Login(user, password, random.nextBoolean()));
        }
        Collections.shuffle(returning, random);

        return List.of(
                new Phase(
                        "First logins: %d users log in for the first time, a few mistype first"
                                .formatted(firstWave),
                        first,
                        4),
                new Phase(
                        ("Returning users: %d more logins by users already moved (some mistyped,"
                                        + " a stranger tries too), and %d newcomers")
                                .formatted(
                                        returning.size() - (newcomersEnd - tabsEnd),
                                        newcomersEnd - tabsEnd),
                        returning,
                        8),
                new Phase(
                        "Rush: %d users each log in from %d tabs at once"
                                .formatted(tabsEnd - firstWave, TABS),
                        tabs,
                        tabs.size()));
    }
}
