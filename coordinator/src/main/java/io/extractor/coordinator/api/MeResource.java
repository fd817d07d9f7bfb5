package io.extractor.coordinator.api;

import io.extractor.coordinator.auth.Access;
import io.extractor.coordinator.auth.AccessDeniedException;
import io.extractor.coordinator.auth.NotAuthenticatedException;
import io.extractor.coordinator.auth.Role;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Who the caller is and what it may do, so a page shows only the actions its user may take (the API checks each
 * call anyway: a hidden button is a convenience, not the guard).
 */
@Path("/api/me")
@Produces(MediaType.APPLICATION_JSON)
public class MeResource {
    /** The caller: its highest role, the actions that role allows, and its grants (null: every source or sink). */
    public record Me(String name, String role, List<String> may, Set<String> sources, Set<String> sinks) {
    }

    private final Access access;

    public MeResource(Access access) {
        this.access = access;
    }

    @GET
    public Me me() throws NotAuthenticatedException, AccessDeniedException {
        Access.Caller caller = access.caller();
        List<String> may = new ArrayList<>(List.of("read"));
        if (caller.role().compareTo(Role.OPERATOR) >= 0) {
            may.addAll(List.of("submit", "cancel", "retry", "rerun"));
        }
        if (caller.role() == Role.ADMIN) {
            may.addAll(caller.sources() == null && caller.sinks() == null ? List.of("where", "overwrite", "resume") : List.of("where", "overwrite"));
        }
        return new Me(caller.name(), caller.role().label(), may, caller.sources(), caller.sinks());
    }
}
