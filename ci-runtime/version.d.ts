export declare const CI_VERSION = "0.1.0";
