package io.callguard.rest;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a resource method that streams a large body and enforces its own caps (the bulk import). Every other method
 * is held to {@code callguard.rest.max-document-bytes} by {@link RequestSizeFilter}.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
public @interface LargeBody {}
