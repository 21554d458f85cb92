package dev.trickle.server.emulator;

import com.fasterxml.jackson.databind.ObjectMapper;

/** The one JSON mapper of the emulator. */
final class EmulatorJson {
    static final ObjectMapper MAPPER = new ObjectMapper();

    private EmulatorJson() {}
}
