package dev.kizashi.archfixture.b;

import dev.kizashi.archfixture.a.First;

/** The other half of the deliberate package cycle. */
public final class Second {
    public First back() {
        return new First();
    }
}
