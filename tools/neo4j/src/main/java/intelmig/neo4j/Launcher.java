package intelmig.neo4j;
public class Launcher { public static void main(String[] a) {} }
