package dev.trickle.core.clerk;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/** Wire shape of {@code TotalCount}. */
@JsonIgnoreProperties(ignoreUnknown = true)
record UserCount(long totalCount) {}
