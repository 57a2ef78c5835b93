package dev.telltale.backend.http;

import io.vertx.core.http.Cookie;
import io.vertx.core.http.CookieSameSite;
import io.vertx.ext.web.RoutingContext;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Set;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Who may use the API: a client with {@code Authorization: Bearer <token>}, or a browser holding the
 * session cookie it got by opening {@code /?token=<token>} (the way Jupyter does it). The cookie is
 * an HMAC of the token, so it survives a server restart and dies with a new token. Health and the
 * OpenAPI document are public; a study's rating calls ({@code /api/rate/<study token>/...}) carry their own token.
 */
public final class Auth {

    public static final String COOKIE = "telltale_session";
    private static final Set<String> PUBLIC = Set.of("/api/health", "/api/openapi.yaml", "/api/openapi.json");

    /** Context key holding the run id when the request came with that run's worker token. */
    static final String WORKER = "telltale.worker";

    /** Paths a worker may write with its run's own token: /api/runs/{id}/(metrics|artifacts|status|heartbeat|evaluations). */
    private static final java.util.regex.Pattern WORKER_PATH =
            java.util.regex.Pattern.compile("^/api/runs/(\\d{1,18})/(metrics|artifacts|status|heartbeat|evaluations)$");

    /**
     * A rater's calls: the study token in the path is their only credential, checked by the handlers
     * against the study's stored hash. It is never accepted anywhere else.
     */
    private static final java.util.regex.Pattern RATER_PATH = java.util.regex.Pattern.compile("^/api/rate/[A-Za-z0-9_-]+(/.*)?$");

    private final byte[] token;
    private final String sessionValue;
    private final dev.telltale.backend.jobs.WorkerTokens workerTokens;

    public Auth(String token, dev.telltale.backend.jobs.WorkerTokens workerTokens) {
        this.token = token.getBytes(StandardCharsets.UTF_8);
        this.sessionValue = hmac(token, "telltale-session-v1");
        this.workerTokens = workerTokens;
    }

    /** Root handler: lets public paths and authenticated API calls through, answers 401 otherwise. */
    public void check(RoutingContext ctx) {
        String path = ctx.normalizedPath();
        if (!path.startsWith("/api/") || PUBLIC.contains(path) || RATER_PATH.matcher(path).matches()) {
            ctx.next();
            return;
        }
        if (isAuthenticated(ctx)) {
            ctx.next();
            return;
        }
        ctx.response().putHeader("WWW-Authenticate", "Bearer realm=\"telltale\"");
        Errors.send(ctx, new ApiError(401, "Authorization",
                "missing or wrong token: send 'Authorization: Bearer <token>' (the token is in the data folder's 'token' file)"));
    }

    boolean isAuthenticated(RoutingContext ctx) {
        String header = ctx.request().getHeader("Authorization");
        if (header != null && header.regionMatches(true, 0, "Bearer ", 0, 7)) {
            String bearer = header.substring(7).trim();
            if (matchesToken(bearer)) {
                return true;
            }
            java.util.regex.Matcher m = WORKER_PATH.matcher(ctx.normalizedPath());
            if (m.matches() && workerTokens.matches(Long.parseLong(m.group(1)), bearer)) {
                ctx.put(WORKER, Long.parseLong(m.group(1)));
                return true;
            }
            return false;
        }
        Cookie cookie = ctx.request().getCookie(COOKIE);
        return cookie != null && MessageDigest.isEqual(
                cookie.getValue().getBytes(StandardCharsets.UTF_8), sessionValue.getBytes(StandardCharsets.UTF_8));
    }

    boolean matchesToken(String candidate) {
        return MessageDigest.isEqual(candidate.getBytes(StandardCharsets.UTF_8), token);
    }

    /**
     * {@code GET /?token=...}: a right token becomes the HttpOnly session cookie and the browser is sent
     * to the same page without the token in its address; a wrong one gets 401.
     */
    public void exchangeToken(RoutingContext ctx) {
        String given = ctx.request().getParam("token");
        if (given == null) {
            ctx.next();
            return;
        }
        if (!matchesToken(given)) {
            ctx.response().setStatusCode(401).putHeader("Content-Type", "text/plain; charset=utf-8")
                    .end("Wrong token. Open the link the server printed when it started.\n");
            return;
        }
        ctx.response().addCookie(Cookie.cookie(COOKIE, sessionValue)
                .setHttpOnly(true)
                .setPath("/")
                .setSameSite(CookieSameSite.STRICT));
        ctx.response().setStatusCode(303).putHeader("Location", ctx.normalizedPath()).end();
    }

    private static String hmac(String key, String message) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return HexFormat.of().formatHex(mac.doFinal(message.getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
