package io.moat.acquisition.web;

import io.moat.acquisition.internal.ChannelKind;
import io.moat.acquisition.internal.ChannelSpec;
import io.moat.acquisition.rotation.StaffRotation;
import io.moat.acquisition.rotation.WorkingHours;
import io.moat.shared.Problem;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import java.time.DayOfWeek;
import java.time.LocalTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpStatus;

/**
 * A channel code as the API takes it. Working hours are {@code {"MONDAY": [{"start": "09:00", "end": "18:00"}]}};
 * kind is one of package_card, official_account, mini_program, channels_live, sms, offline, partner, other.
 */
record ChannelRequest(
        @NotBlank @Size(max = 60) String name,
        @NotBlank String kind,
        @Nullable Map<String, String> kindFields,
        @Nullable String rotation,
        @Nullable Boolean sticky,
        @NotNull @Size(min = 1, max = 100) List<@Valid StaffRequest> staff,
        @Nullable List<Long> tagIds,
        @NotNull @Valid ChannelSpec.WelcomeSpec welcome,
        @Nullable Long costFen) {

    record StaffRequest(
            @NotBlank @Size(max = 64) String staffUserId,
            @Nullable Integer weight,
            @Nullable Integer dailyCap,
            @Nullable Map<String, List<ShiftRequest>> hours,
            @Nullable Boolean backup,
            @Nullable Boolean online) {}

    record ShiftRequest(String start, String end) {}

    ChannelSpec spec() {
        ChannelKind parsedKind;
        try {
            parsedKind = ChannelKind.of(kind);
        } catch (IllegalArgumentException e) {
            throw invalid(
                    "kind is one of package_card, official_account, mini_program, channels_live, sms, offline,"
                            + " partner, other.",
                    "kind");
        }
        StaffRotation.Mode mode =
                switch (rotation == null ? "round_robin" : rotation) {
                    case "round_robin" -> StaffRotation.Mode.ROUND_ROBIN;
                    case "weighted" -> StaffRotation.Mode.WEIGHTED;
                    default -> throw invalid("rotation is round_robin or weighted.", "rotation");
                };
        List<ChannelSpec.StaffSpec> members = new ArrayList<>();
        for (int i = 0; i < staff.size(); i++) {
            StaffRequest member = staff.get(i);
            members.add(new ChannelSpec.StaffSpec(
                    member.staffUserId().strip(),
                    member.weight() == null ? 1 : member.weight(),
                    member.dailyCap(),
                    hours(member.hours(), "staff[" + i + "].hours"),
                    Boolean.TRUE.equals(member.backup()),
                    member.online() == null || member.online()));
        }
        return new ChannelSpec(
                name.strip(),
                parsedKind,
                kindFields == null ? Map.of() : Map.copyOf(kindFields),
                mode,
                sticky == null || sticky,
                List.copyOf(members),
                tagIds == null ? List.of() : List.copyOf(tagIds),
                new ChannelSpec.WelcomeSpec(
                        welcome.text(),
                        welcome.attachments() == null ? List.of() : welcome.attachments(),
                        welcome.variants() == null ? List.of() : welcome.variants(),
                        welcome.benefit()),
                costFen == null ? 0 : costFen);
    }

    private static WorkingHours hours(@Nullable Map<String, List<ShiftRequest>> given, String field) {
        if (given == null || given.isEmpty()) {
            return WorkingHours.ALWAYS;
        }
        Map<DayOfWeek, List<WorkingHours.Shift>> days = new EnumMap<>(DayOfWeek.class);
        for (var entry : given.entrySet()) {
            DayOfWeek day;
            try {
                day = DayOfWeek.valueOf(entry.getKey().toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw invalid("Working hours are keyed by weekday (MONDAY … SUNDAY).", field);
            }
            List<WorkingHours.Shift> shifts = new ArrayList<>();
            for (ShiftRequest shift : entry.getValue()) {
                try {
                    shifts.add(new WorkingHours.Shift(LocalTime.parse(shift.start()), LocalTime.parse(shift.end())));
                } catch (DateTimeParseException | IllegalArgumentException | NullPointerException e) {
                    throw invalid("A shift is start and end as HH:mm, start before end.", field + "." + day);
                }
            }
            days.put(day, shifts);
        }
        return new WorkingHours(days);
    }

    private static Problem invalid(String detail, String field) {
        return new Problem(HttpStatus.BAD_REQUEST, "invalid-channel", detail, field);
    }
}
