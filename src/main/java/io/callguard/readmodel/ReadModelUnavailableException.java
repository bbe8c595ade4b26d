package io.callguard.readmodel;

/** The read model cannot answer now (database down or not configured): people's reads get 503, screening is untouched. */
public final class ReadModelUnavailableException extends RuntimeException {

    public ReadModelUnavailableException(String message, Throwable cause) {
        super(message, cause, false, false);
    }
}
