package dev.telltale.backend.page;

import dev.telltale.backend.ServerConfig;
import dev.telltale.backend.TelltaleServer;
import dev.telltale.backend.store.MetricPoint;
import dev.telltale.backend.store.NewRun;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * Page performance (not a test): a server holding 5,000 runs and one run with a 1,000,000-point
 * series per loss key, measured in headless Chromium with the Performance API. Time to the first
 * render of the runs table and of the run page's charts (median of several fresh loads), and the
 * delay from a live point's time stamp to the chart that drew it (p50/p95), for points posted
 * one by one while the run page is open.
 *
 * <pre>
 * mvn -o -q -pl backend -am test-compile dependency:build-classpath -Dmdep.outputFile=target/cp.txt -Dmdep.includeScope=test
 * java -Xmx6g -cp backend/target/test-classes:backend/target/classes:$(cat backend/target/cp.txt) \
 *     dev.telltale.backend.page.PageBenchmark [--runs 5000] [--points 1000000] [--loads 5] [--live 200]
 * </pre>
 */
public final class PageBenchmark {

    private PageBenchmark() {}

    public static void main(String[] args) throws Exception {
        System.setProperty("org.jooq.no-logo", "true");
        System.setProperty("org.jooq.no-tips", "true");
        java.util.logging.Logger.getLogger("").setLevel(java.util.logging.Level.WARNING);
        int runs = 5_000;
        int points = 1_000_000;
        int loads = 5;
        int live = 200;
        for (int i = 0; i + 1 < args.length; i += 2) {
            switch (args[i]) {
                case "--runs" -> runs = Integer.parseInt(args[i + 1]);
                case "--points" -> points = Integer.parseInt(args[i + 1]);
                case "--loads" -> loads = Integer.parseInt(args[i + 1]);
                case "--live" -> live = Integer.parseInt(args[i + 1]);
                default -> throw new IllegalArgumentException("unknown option " + args[i]);
            }
        }
        Path work = Files.createTempDirectory("telltale-page-bench");
        String token = "bench-token-0123456789abcdef";
        System.out.printf(Locale.ROOT, "runs=%d points=%d per key (loss/d, loss/g) cores=%d folder=%s%n",
                runs, points, Runtime.getRuntime().availableProcessors(), work);
        try (TelltaleServer server = TelltaleServer.start(new ServerConfig("127.0.0.1", 0, work.resolve("data"), token));
                Browser browser = new Browser(work, 1400, 1000)) {
            long t0 = System.nanoTime();
            long big = fill(server, runs, points);
            System.out.printf(Locale.ROOT, "filled in %.1f s; big run %d%n", (System.nanoTime() - t0) / 1e9, big);
            String base = "http://127.0.0.1:" + server.port();
            browser.signIn(server.url());

            double[] table = new double[loads];
            double[] charts = new double[loads];
            for (int i = 0; i < loads; i++) {
                table[i] = firstRender(browser, base, "/runs", "telltale:runs-table");
                charts[i] = firstRender(browser, base, "/runs/" + big, "telltale:charts");
            }
            System.out.printf(Locale.ROOT, "runs table first render: median %.0f ms (of %s; target <= 1000)%n", median(table), Arrays.toString(round(table)));
            System.out.printf(Locale.ROOT, "run page charts first render: median %.0f ms (of %s; target <= 1000)%n", median(charts), Arrays.toString(round(charts)));

            double[] latency = liveLatency(browser, server, token, big, points, live);
            System.out.printf(Locale.ROOT, "live point -> chart: p50 %.0f ms, p95 %.0f ms over %d points (target p95 <= 500)%n",
                    percentile(latency, 50), percentile(latency, 95), latency.length);
        }
    }

    /** Tracked-only runs with a few latest values each, and one big run; returns the big run's id. */
    static long fill(TelltaleServer server, int runs, int points) {
        var store = server.tracking();
        String[] statuses = {"FINISHED", "FAILED", "RUNNING"};
        long big = 0;
        for (int i = 1; i <= runs; i++) {
            long id = store.runs().create(new NewRun("run " + i, i % 3 == 0 ? "stackgan-stage2" : "stackgan-stage1",
                    i % 2 == 0 ? "shapes" : "digits", "cpu", "{\"klCoefficient\":" + (i % 4 + 1) + "}", (long) i,
                    List.of("bench", "group" + (i % 10)), null)).id();
            if (i > runs - 60) {
                store.metrics().ingest(id, List.of(new MetricPoint("loss/d", 10, 1.0 + i % 7 / 10.0, System.currentTimeMillis()),
                        new MetricPoint("loss/g", 10, 2.0 + i % 5 / 10.0, System.currentTimeMillis())));
            }
            big = id;
        }
        store.runs().setStatus(big, dev.telltale.backend.store.RunStatus.RUNNING, null);
        long start = System.currentTimeMillis() - points * 100L;
        int batch = 10_000;
        for (int from = 0; from < points; from += batch) {
            List<MetricPoint> b = new ArrayList<>(2 * batch);
            for (int j = from; j < Math.min(points, from + batch); j++) {
                long step = j + 1;
                double noise = Math.sin(step * 12.9898) * 0.1;
                b.add(new MetricPoint("loss/d", step, 1.4 - 0.4 * step / points + noise, start + step * 100));
                b.add(new MetricPoint("loss/g", step, 3.0 - step / (double) points + noise, start + step * 100));
            }
            store.metrics().ingest(big, b);
        }
        return big;
    }

    /** A fresh page load (not a hash change) and the time from navigation start to the page's mark. */
    static double firstRender(Browser b, String base, String hash, String mark) {
        b.driver.get("about:blank");
        b.driver.get(base + "/#" + hash);
        Object ms = b.waitFor(Duration.ofSeconds(120), mark, d -> b.js(
                "const m = performance.getEntriesByName(arguments[0], 'mark'); return m.length ? m[0].startTime : null;", mark));
        double t = ((Number) ms).doubleValue();
        if (t > 2000) {
            // an outlier: say which requests took the time
            System.out.println("  slow load of " + hash + ": " + b.js("return performance.getEntriesByType('resource')"
                    + ".filter(e => e.duration > 300).map(e => e.name.replace(location.origin, '') + ' ' + Math.round(e.startTime) + '+' + Math.round(e.duration) + ' ms').join(', ')"));
        }
        return t;
    }

    /** Posts points one at a time to the open run page and reads the delays it recorded. */
    static double[] liveLatency(Browser b, TelltaleServer server, String token, long run, int points, int n) throws Exception {
        String base = "http://127.0.0.1:" + server.port();
        b.driver.get("about:blank");
        b.driver.get(base + "/#/runs/" + run);
        b.waitFor(Duration.ofSeconds(60), "charts", d -> b.js("return performance.getEntriesByName('telltale:charts').length > 0"));
        Thread.sleep(1000);
        b.js("window.telltalePerf.live.length = 0;");
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        for (int i = 1; i <= n; i++) {
            long step = points + i;
            String body = "{\"points\":[{\"key\":\"loss/d\",\"step\":" + step + ",\"value\":1.0,\"time\":" + System.currentTimeMillis() + "}]}";
            http.send(HttpRequest.newBuilder(URI.create(base + "/api/runs/" + run + "/metrics"))
                    .header("Authorization", "Bearer " + token).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.discarding());
            Thread.sleep(50);
        }
        Thread.sleep(1000);
        @SuppressWarnings("unchecked")
        List<Number> got = (List<Number>) b.js("return window.telltalePerf.live.slice();");
        return got.stream().mapToDouble(Number::doubleValue).toArray();
    }

    static double median(double[] v) {
        return percentile(v, 50);
    }

    static double percentile(double[] v, double p) {
        if (v.length == 0) {
            return Double.NaN;
        }
        double[] s = v.clone();
        Arrays.sort(s);
        int i = (int) Math.ceil(p / 100.0 * s.length) - 1;
        return s[Math.max(0, Math.min(s.length - 1, i))];
    }

    static long[] round(double[] v) {
        return Arrays.stream(v).mapToLong(Math::round).toArray();
    }
}
