/** BIRD's hold time: Calico open source cannot set one (domain brief §1.2, README "Design"). */
export const BIRD_HOLD_SECONDS = 240;
