package dev.telltale.backend.store;

/** The thing asked for does not exist (a 404 at the HTTP edge). */
public class NotFoundException extends RuntimeException {
    private final String field;

    public NotFoundException(String field, String message) {
        super(message);
        this.field = field;
    }

    public String field() {
        return field;
    }
}
