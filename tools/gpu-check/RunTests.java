import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClasspathRoots;

import java.nio.file.Path;
import java.util.Set;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.launcher.Launcher;
import org.junit.platform.launcher.LauncherDiscoveryRequest;
import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestIdentifier;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;
import org.junit.platform.launcher.listeners.SummaryGeneratingListener;

/** Runs every JUnit test under a classes folder and prints each failure (device check, not part of the project). */
public class RunTests {
    public static void main(String[] args) {
        LauncherDiscoveryRequest request = LauncherDiscoveryRequestBuilder.request()
                .selectors(selectClasspathRoots(Set.of(Path.of(args[0])))).build();
        Launcher launcher = LauncherFactory.create();
        SummaryGeneratingListener summary = new SummaryGeneratingListener();
        TestExecutionListener log = new TestExecutionListener() {
            long t0;
            @Override public void executionStarted(TestIdentifier id) { if (id.isTest()) t0 = System.nanoTime(); }
            @Override public void executionFinished(TestIdentifier id, TestExecutionResult r) {
                if (r.getStatus() == TestExecutionResult.Status.SUCCESSFUL) return;
                String name = id.getUniqueId().replaceAll(".*class:([^\\]]*)\\].*method:([^(\\]]*).*", "$1.$2");
                System.out.printf("%s %s %.1fs%n", r.getStatus(), name, (System.nanoTime() - t0) / 1e9);
                r.getThrowable().ifPresent(t -> {
                    System.out.println("   " + t);
                    StackTraceElement[] st = t.getStackTrace();
                    for (int i = 0; i < Math.min(4, st.length); i++) System.out.println("     at " + st[i]);
                });
            }
        };
        launcher.execute(request, summary, log);
        var s = summary.getSummary();
        System.out.printf("TESTS found %d, succeeded %d, failed %d, aborted %d, skipped %d, %.0f s%n",
                s.getTestsFoundCount(), s.getTestsSucceededCount(), s.getTestsFailedCount(),
                s.getTestsAbortedCount(), s.getTestsSkippedCount(), (s.getTimeFinished() - s.getTimeStarted()) / 1e3);
        System.exit(s.getTotalFailureCount() == 0 ? 0 : 1);
    }
}
