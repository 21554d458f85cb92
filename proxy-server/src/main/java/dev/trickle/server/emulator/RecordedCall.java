package dev.trickle.server.emulator;

/** One request the emulator answered; bodies are never kept (they carry passwords). */
public record RecordedCall(
        String method, String path, String query, int status, String apiVersion) {}
