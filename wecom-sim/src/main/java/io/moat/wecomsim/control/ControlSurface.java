package io.moat.wecomsim.control;

import io.moat.wecomsim.SimClock;
import io.moat.wecomsim.api.AccessTokens;
import io.moat.wecomsim.world.World;
import java.util.List;

/** Every area of the control API; each capability adds its routes here. */
public final class ControlSurface {

    private ControlSurface() {}

    public static ControlApi create(World world, AccessTokens tokens, SimClock clock) {
        List<ControlRoute.Group> groups = List.of(
                new CorpRoutes(world),
                new StaffRoutes(),
                new CustomerRoutes(),
                new GroupRoutes(),
                new ClientTagRoutes(),
                new KnobRoutes(tokens, clock),
                new MassRoutes(),
                new SpeechRoutes(),
                new ResignationRoutes(),
                new JoinWayRoutes(),
                new GroupAdminRoutes(),
                new MomentRoutes(),
                new WorldRoutes(clock),
                new OrderRoutes(),
                new PersonalTagRoutes(),
                new RecordRoutes());
        return new ControlApi(world, groups);
    }
}
