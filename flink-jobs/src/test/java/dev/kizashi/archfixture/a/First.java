package dev.kizashi.archfixture.a;

import dev.kizashi.archfixture.b.Second;

/** Half of a deliberate package cycle: ArchitectureTest proves its rule catches it. */
public final class First {
    public Second next() {
        return new Second();
    }
}
