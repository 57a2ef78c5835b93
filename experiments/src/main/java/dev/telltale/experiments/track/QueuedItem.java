package dev.telltale.experiments.track;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;

/** What waits to be sent to the server, in call order: a scalar point or an artifact registration. */
sealed interface QueuedItem {

    record Point(MetricPoint point) implements QueuedItem {
    }

    record Artifact(ArtifactRecord artifact) implements QueuedItem {
    }

    default boolean isPoint() {
        return this instanceof Point;
    }

    /** The JSON the server takes for a point inside {@code points}, or for an artifact's body. */
    default JsonObject toApiJson() {
        JsonObject json = new JsonObject();
        if (this instanceof Point p) {
            json.addProperty("key", p.point().key());
            json.addProperty("step", p.point().step());
            json.addProperty("value", p.point().value());
            json.addProperty("time", p.point().time());
        } else {
            ArtifactRecord a = ((Artifact) this).artifact();
            json.addProperty("kind", a.kind().apiName());
            json.addProperty("path", a.path());
            if (a.step() != null) {
                json.addProperty("step", a.step());
            }
            if (a.captionIndex() != null) {
                json.addProperty("captionIndex", a.captionIndex());
            }
        }
        return json;
    }

    /** One line of the spool file. */
    default String toSpoolLine() {
        JsonObject json = toApiJson();
        json.addProperty("type", isPoint() ? "point" : "artifact");
        if (this instanceof Artifact a) {
            json.addProperty("time", a.artifact().time());
        }
        return json.toString();
    }

    static QueuedItem fromSpoolLine(String line) {
        JsonObject json = JsonParser.parseString(line).getAsJsonObject();
        String type = json.get("type").getAsString();
        if (type.equals("point")) {
            return new Point(new MetricPoint(json.get("key").getAsString(), json.get("step").getAsLong(),
                    json.get("value").getAsDouble(), json.get("time").getAsLong()));
        }
        if (type.equals("artifact")) {
            return new Artifact(new ArtifactRecord(ArtifactKind.fromApiName(json.get("kind").getAsString()),
                    json.get("path").getAsString(),
                    json.has("step") ? json.get("step").getAsLong() : null,
                    json.has("captionIndex") ? json.get("captionIndex").getAsInt() : null,
                    json.get("time").getAsLong()));
        }
        throw new IllegalArgumentException("unknown spooled item type '" + type + "'");
    }
}
