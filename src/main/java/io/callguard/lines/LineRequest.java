package io.callguard.lines;

import java.util.List;

/**
 * The body of {@code PUT /api/v1/protected-lines/{line}}: the line comes from the path. Numbers may be in any
 * accepted form; they are stored as E.164. Unknown fields, in the body or its policy, are refused.
 */
public record LineRequest(List<String> familyNumbers, List<String> trustedNumbers, LinePolicy policy) {}
