package io.callguard.readmodel;

import io.callguard.rest.Paging;
import io.callguard.rest.ProblemException;

/** Page sizes of the read model's queries. */
final class Limits {

    static final int MAX = 1000;

    private Limits() {}

    static int of(String raw) {
        int limit;
        try {
            limit = Integer.parseInt(raw);
        } catch (NumberFormatException e) {
            throw ProblemException.invalid("limit", "limit must be an integer");
        }
        Paging.requireLimit(limit, MAX);
        return limit;
    }
}
