package io.moat.audiences;

import java.util.List;

/**
 * Why a customer is in an audience or not: the facts that decided, leaf by leaf ("carries tag 12", "last order 12
 * days ago"). For an AND that holds every part is listed, for one that fails only the failing parts; for an OR that
 * holds only the holding parts. Under a NOT a fact that holds keeps the customer out.
 */
public record Explanation(boolean member, List<Reason> reasons) {

    public Explanation {
        reasons = List.copyOf(reasons);
    }

    /**
     * One fact: {@code kind} is the condition's JSON key ({@code tag}, {@code lastOrder}, …), {@code holds} whether
     * that leaf is true for the customer, {@code detail} the fact in words.
     */
    public record Reason(String kind, boolean holds, String detail) {}
}
