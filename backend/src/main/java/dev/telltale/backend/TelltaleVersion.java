package dev.telltale.backend;

/** The version stored with every launched run's spec, so a run can be traced to the code that ran it. */
public final class TelltaleVersion {

    public static final String VERSION = "0.1.0";

    private TelltaleVersion() {}
}
