package dev.trickle.core.login;

/**
 * Form and query parameter names as PHP registers them, which is what the names of every other
 * stack map onto too: leading spaces dropped, {@code .} and spaces made {@code _}. Two names with
 * the same canonical form are one parameter to PHP, so Trickle treats them as one everywhere.
 */
public final class ParameterNames {
    private ParameterNames() {}

    public static String canonical(String name) {
        int start = 0;
        while (start < name.length() && name.charAt(start) == ' ') {
            start++;
        }
        return name.substring(start).replace('.', '_').replace(' ', '_');
    }

    /**
     * Whether {@code name} makes {@code parameter} a list or map ({@code log[]}, {@code
     * user[email][x]}), as PHP and Rack read brackets: then it is no single value.
     */
    public static boolean isStructured(String name, String parameter) {
        return canonical(name).startsWith(canonical(parameter) + "[");
    }
}
