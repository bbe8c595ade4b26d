package io.callguard.state;

/** A state change that could not be confirmed; the client should retry (writes are idempotent replacements). */
public class StateWriteException extends RuntimeException {

    public StateWriteException(String message) {
        super(message);
    }

    public StateWriteException(String message, Throwable cause) {
        super(message, cause);
    }
}
