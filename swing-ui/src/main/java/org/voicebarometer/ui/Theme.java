package org.voicebarometer.ui;

import com.formdev.flatlaf.FlatLightLaf;

import javax.swing.UIManager;

/** FlatLaf's light theme with the app's rounder, roomier controls. */
final class Theme {
    private Theme() {}

    static void install() {
        FlatLightLaf.setup();
        UIManager.put("Button.arc", 10);
        UIManager.put("Component.arc", 10);
        UIManager.put("ProgressBar.arc", 10);
        UIManager.put("TabbedPane.showTabSeparators", true);
        UIManager.put("TabbedPane.tabHeight", 36);
        UIManager.put("Table.showHorizontalLines", true);
        UIManager.put("defaultFont", UIManager.getFont("defaultFont").deriveFont(14f));
    }
}
