package dev.telltale.backend.http;

/** An error the API answers with its status and a JSON body {@code {"error": ..., "field": ...}}. */
public final class ApiError extends RuntimeException {

    private final int status;
    private final String field;

    public ApiError(int status, String field, String message) {
        super(message, null, false, false);
        this.status = status;
        this.field = field;
    }

    public static ApiError badRequest(String field, String message) {
        return new ApiError(400, field, message);
    }

    public static ApiError notFound(String field, String message) {
        return new ApiError(404, field, message);
    }

    public int status() {
        return status;
    }

    public String field() {
        return field;
    }
}
