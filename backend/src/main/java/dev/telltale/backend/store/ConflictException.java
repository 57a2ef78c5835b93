package dev.telltale.backend.store;

/** The request is valid but the current state forbids it (a 409 at the HTTP edge). */
public class ConflictException extends RuntimeException {
    private final String field;

    public ConflictException(String field, String message) {
        super(message);
        this.field = field;
    }

    public String field() {
        return field;
    }
}
