package io.moat.community;

import io.moat.community.internal.GroupDirectory;
import io.moat.community.policy.GroupType;
import io.moat.shared.TenantId;
import java.util.Arrays;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * The registry's live groups by type, for other modules (a group SOP calendar posts into every group of its type).
 * Call in the workspace's scope.
 */
@Service
@Transactional(readOnly = true)
public class TypedGroups {

    private final GroupDirectory directory;

    TypedGroups(GroupDirectory directory) {
        this.directory = directory;
    }

    /** A live group of a type: its chat id, name and owner (who sends its group mass messages). */
    public record TypedGroup(
            String chatId, String name, @Nullable String owner) {}

    /** The type codes groups can be classified with ({@code traffic}, {@code welfare}, {@code flash}, ...). */
    public static List<String> types() {
        return Arrays.stream(GroupType.values()).map(GroupType::code).toList();
    }

    public static boolean isType(String code) {
        return GroupType.ofCode(code).isPresent();
    }

    /** The groups classified with this type that have not been dismissed. */
    public List<TypedGroup> live(TenantId tenant, String typeCode) {
        GroupType type = GroupType.ofCode(typeCode).orElse(null);
        return directory.groups(tenant).stream()
                .filter(g -> g.type() == type && type != null && g.dismissedAt() == null)
                .map(g -> new TypedGroup(g.chatId(), g.name(), g.owner()))
                .toList();
    }
}
