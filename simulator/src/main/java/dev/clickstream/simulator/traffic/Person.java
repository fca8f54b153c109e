package dev.clickstream.simulator.traffic;

import java.util.ArrayList;
import java.util.List;

/** A shopper: a user id they get when they sign up, the devices they use, and a company for B2B buyers. */
final class Person {
    final String userId;
    final String email;
    final String groupId;
    final List<Device> devices = new ArrayList<>();
    boolean signedUp;

    Person(String userId, String groupId, boolean signedUp) {
        this.userId = userId;
        this.email = userId + "@example.com";
        this.groupId = groupId;
        this.signedUp = signedUp;
    }
}
