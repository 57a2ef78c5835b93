package dev.telltale.experiments.data;

import java.util.Locale;

/** How a bouncing digit moves, named as the captions of Sync-DRAW and TGANs-C say it. */
public enum Motion {
    /** Along x, bouncing off the left and right walls. */
    HORIZONTAL("left and right"),
    /** Along y, bouncing off the top and bottom walls. */
    VERTICAL("up and down");

    private final String phrase;

    Motion(String phrase) {
        this.phrase = phrase;
    }

    /** The words a caption uses: "left and right" or "up and down". */
    public String phrase() {
        return phrase;
    }

    /** The motion a caption phrase names. */
    public static Motion fromPhrase(String phrase) {
        String p = phrase.trim().toLowerCase(Locale.ROOT);
        for (Motion m : values()) {
            if (m.phrase.equals(p)) {
                return m;
            }
        }
        throw new IllegalArgumentException("'" + phrase + "' names no motion; one of 'left and right', 'up and down'");
    }
}
