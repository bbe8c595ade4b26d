package io.callguard.state;

import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;

import org.jboss.logging.Logger;

import io.callguard.rest.ProblemException;

/** A write the broker did not confirm: 503 with Retry-After; writes are replacements, so retrying is safe. */
@Provider
public class StateWriteExceptionMapper implements ExceptionMapper<StateWriteException> {

    private static final Logger LOG = Logger.getLogger(StateWriteExceptionMapper.class);

    @Override
    public Response toResponse(StateWriteException e) {
        LOG.warnf("state write not confirmed: %s", e.getMessage());
        return ProblemException.unavailable(e.getMessage(), 2).toResponse();
    }
}
