package dev.telltale.experiments.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import ai.djl.engine.Engine;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The device parameter in every form the catalog and the server's GPU slots ("gpu:N") use. */
class DevicesTest {

    @Test
    void everyDocumentedFormParses() {
        assertEquals(Device.cpu(), Devices.parse("cpu"));
        assertEquals(Device.gpu(0), Devices.parse("gpu"));
        assertEquals(Device.gpu(1), Devices.parse("gpu:1"));
        assertEquals(Device.gpu(2), Devices.parse("gpu2"));
        assertEquals(Device.gpu(0), Devices.parse(" GPU:0 "));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Devices.parse("tpu:0"));
        assertTrue(e.getMessage().startsWith("device:"), e.getMessage());
    }

    @Test
    void aGpuTheEngineDoesNotSeeIsNamedNotMisparsed() {
        int gpus = Engine.getEngine("PyTorch").getGpuCount();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Devices.pick(new ParamMap(Map.of("device", "gpu:" + gpus))));
        assertTrue(e.getMessage().contains("is not available") && e.getMessage().contains(gpus + " GPU"), e.getMessage());
        assertEquals(Device.cpu(), Devices.pick(new ParamMap(Map.of("device", "cpu"))));
    }
}
