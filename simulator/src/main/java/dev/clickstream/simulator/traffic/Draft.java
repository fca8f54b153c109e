package dev.clickstream.simulator.traffic;

import tools.jackson.databind.node.ObjectNode;

import java.time.Instant;

/** A message while traffic is being generated; who it belongs to is settled once every login is known. */
final class Draft {
    final ObjectNode message;
    final Instant trueTime;
    final Device device;
    final Person person;
    final String botKind;
    /** Where the bot rules must tell these people from bots: the device's kind of people, or the burst it is part of. */
    String population;
    Instant deliverAt;

    Draft(ObjectNode message, Instant trueTime, Device device, Person person, String botKind) {
        this.message = message;
        this.trueTime = trueTime;
        this.device = device;
        this.person = person;
        this.botKind = botKind;
        this.deliverAt = trueTime;
        this.population = device.population;
    }
}
